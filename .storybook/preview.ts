// The preview's code lives in packages/ui (where react and storybook resolve): src/test/preview.tsx.
import preview from '../packages/ui/src/test/preview.js'

export default {
  decorators: preview.decorators,
  globalTypes: preview.globalTypes,
  initialGlobals: preview.initialGlobals,
  parameters: preview.parameters,
  tags: ['autodocs'],
}
