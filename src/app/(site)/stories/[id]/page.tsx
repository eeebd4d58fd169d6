import { itemRoute } from '../../components/itemRoute'

export const dynamic = 'force-dynamic'

const route = itemRoute('stories')
export const generateMetadata = route.generateMetadata
export default route.Page
