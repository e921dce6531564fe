import { describe, expect, it } from 'vitest'
import { gameLine, requestAction, resultLine, stakeLine, winnerTakes } from './requests.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const names = { [A]: 'Alice', [B]: 'Bob' }
const rps = { game: 'rps', stake: '10', asset: 'usdc' }

describe('given a game request', () => {
  it('should say the game, the stake and what the winner takes, exactly', () => {
    expect(gameLine(rps)).toBe('Rock–paper–scissors, stake 10 usdc each, winner takes 20 usdc.')
    expect(winnerTakes({ ...rps, stake: '0.1' })).toBe('0.2 usdc')
    expect(winnerTakes({ ...rps, stake: '2.000001' })).toBe('4.000002 usdc')
    expect(stakeLine(rps)).toBe(
      'Win and you get 20 usdc; lose and your 10 usdc goes to the other player.',
    )
  })

  it('should name the winner and the score of a settlement', () => {
    const score = { [A.toLowerCase()]: 2, [B]: 1 }
    expect(resultLine({ ...rps, winner: A, score }, [A, B], names)).toBe(
      'Alice won the match, 2 – 1.',
    )
    expect(resultLine({ ...rps, winner: B, score: { [A]: 0, [B]: 2 } }, [A, B], names, B)).toBe(
      'You won the match, 2 – 0.',
    )
    expect(resultLine(rps, [A, B], names)).toBeUndefined()
  })

  it('should ask in the game’s words', () => {
    expect(requestAction('create_app_session', rps)).toBe('play rock–paper–scissors')
    expect(requestAction('close_app_session', rps)).toBe('settle the match')
    expect(requestAction('submit_app_state', rps)).toBe('record the score')
  })
})

describe('given a session that is not a game', () => {
  it('should leave the words to the review', () => {
    expect(gameLine({})).toBeUndefined()
    expect(stakeLine({ stake: '5', asset: 'usdc' })).toBeUndefined()
    expect(requestAction('close_app_session', { name: 'Team pot' })).toBeUndefined()
  })
})
