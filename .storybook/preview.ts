// The preview lives in packages/ui (where react and storybook resolve); see src/test/preview.tsx.
import preview from '../packages/ui/src/test/preview.js'

export default preview
