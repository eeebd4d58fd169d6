import { renderCard } from '../src/kits/render'
import { type KnowYourRightsCard, letterSheetPdf, walletCardPdf } from '../src/resources/print'

// Know-your-rights cards (issue 16): how long a print PDF takes to draw, against one kit card
// of the same text drawn with sharp in the same run. The route draws each PDF once per version
// of the read model, language and size, so this is the cost of a first request after a change.

const card: KnowYourRightsCard = {
  lang: 'es',
  title: 'Conozca sus derechos',
  doThis:
    'No abra la puerta sin una orden firmada por un juez.\nTiene derecho a guardar silencio. No firme nada sin un abogado. Pregunte: «¿Puedo irme?»',
  toAgent:
    'No deseo hablar con usted. Ejerzo mi derecho a guardar silencio. No doy mi consentimiento para un registro. No firmaré nada sin un abogado.',
  hotline: '(213) 555-0100 · 24/7',
  orgName: 'relato.example/resources',
}

async function median(runs: number, work: () => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await work()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]
}

const kitCard = () =>
  renderCard(
    {
      kind: 'rights',
      title: card.title,
      doThis: card.doThis,
      hotline: card.hotline,
      attribution: 'Red de Respuesta Rápida',
      hashtag: '#ConozcaSusDerechos',
      brand: { primary: '#1d3557', accent: '#e9c46a', logo: null },
    },
    'instagram-square',
  )

const first = performance.now()
await walletCardPdf(card)
const firstMs = performance.now() - first
await kitCard()
const wallet = await median(5, () => walletCardPdf(card))
const letter = await median(5, () => letterSheetPdf(card))
const kit = await median(5, kitCard)
const bytes = {
  wallet: (await walletCardPdf(card)).pdf.length,
  letter: (await letterSheetPdf(card)).pdf.length,
}
console.log(`first wallet PDF (fonts loaded): ${firstMs.toFixed(0)} ms`)
console.log(
  `wallet PDF ${wallet.toFixed(0)} ms (${bytes.wallet} bytes), letter sheet ${letter.toFixed(0)} ms (${bytes.letter} bytes)`,
)
console.log(`kit card 1080×1080 ${kit.toFixed(0)} ms`)
console.log(
  `ratio wallet / kit card: ${(wallet / kit).toFixed(2)}×; letter / wallet: ${(letter / wallet).toFixed(2)}×`,
)
