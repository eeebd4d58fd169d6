import type { Locale } from '../lib/locales'

/** The short note that goes with every kit: what may be changed, and how withdrawal works. */
export function usageNote(lang: Locale, manifestUrl: string): string {
  if (lang === 'es') {
    return [
      'Cómo usar este kit',
      '',
      '- Puedes publicar estas imágenes y textos tal como están. Puedes acortar los textos o traducirlos, pero no cambies las citas, los nombres ni los créditos, y no recortes ni edites las imágenes ni las obras.',
      '- Usa siempre el texto alternativo (alt) de cada imagen y el crédito de cada obra.',
      '- Las personas que comparten su historia pueden retirar su consentimiento en cualquier momento. Cuando lo hacen, su historia desaparece de este kit.',
      `- Antes de publicar, y cada semana mientras la campaña siga activa, revisa ${manifestUrl}: si una imagen o historia ya no aparece allí, borra tus publicaciones con ella lo antes posible (en cada red: abre la publicación, menú "…", "Eliminar").`,
      '- No etiquetes ni menciones a las personas de las historias, ni añadas lugares.',
    ].join('\n')
  }
  return [
    'How to use this kit',
    '',
    '- You may post these images and texts as they are. You may shorten or translate the captions, but do not change quotes, names or credits, and do not crop or edit the images or the artworks.',
    "- Always use each image's alt text and each artwork's credit.",
    '- People who share their story may withdraw their consent at any time. When they do, their story disappears from this kit.',
    `- Before posting, and every week while the campaign runs, check ${manifestUrl}: if an image or story is no longer there, take down your posts that use it as soon as you can (on each platform: open the post, "…" menu, "Delete").`,
    '- Do not tag or mention the people in the stories, and do not add locations.',
  ].join('\n')
}
