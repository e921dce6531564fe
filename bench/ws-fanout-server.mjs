// Baseline for the relay benchmark: a bare `ws` fan-out server in its own process. Every
// text frame a client sends is written to every connected client (the sender too), with no
// parsing, signing or storage. Prints `READY <port>` on stdout when listening.
import { WebSocketServer } from 'ws'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const client of wss.clients) client.send(data, { binary: isBinary })
  })
})
wss.on('listening', () => {
  process.stdout.write(`READY ${wss.address().port}\n`)
})
process.on('SIGTERM', () => wss.close(() => process.exit(0)))
