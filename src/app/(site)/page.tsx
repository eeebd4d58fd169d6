export default function HomePage() {
  return (
    <main style={{ maxWidth: '40rem', margin: '0 auto', padding: '2rem 1rem' }}>
      <h1>Relato</h1>
      <p>Stories, art and campaigns from immigrant communities, shared only with the storyteller’s consent.</p>
      <p lang="es">Historias, arte y campañas de comunidades inmigrantes, compartidas solo con el consentimiento de quien las cuenta.</p>
      <p>
        <a href="/admin">Sign in / Iniciar sesión</a>
      </p>
    </main>
  )
}
