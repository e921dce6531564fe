import '@nitrolite-kit/ui/styles.css'
import { createRoot } from 'react-dom/client'
import { TwoPlayers } from './two-players'

createRoot(document.getElementById('root')!).render(<TwoPlayers />)
