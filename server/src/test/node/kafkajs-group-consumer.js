// kafkajs 2.2.4 consuming in a consumer group against a Sluice broker.
//
// Usage: node kafkajs-group-consumer.js BOOTSTRAP TOPIC GROUP COUNT
//
// consumer.run with a groupId (FindCoordinator, JoinGroup at the highest version both sides support,
// SyncGroup, Heartbeat), from the beginning, until COUNT records arrived; then commits the next offset
// of every partition it read (OffsetCommit), reads them back (OffsetFetch) and disconnects (LeaveGroup).
// Prints one line per fact for the calling test:
//     record P OFFSET KEY VALUE
//     committed P OFFSET
'use strict'
const { Kafka, logLevel } = require('kafkajs')

async function main () {
  const [bootstrap, topic, group, countArg] = process.argv.slice(2)
  const count = Number(countArg)
  const kafka = new Kafka({ clientId: 'sluice-compat-group', brokers: [bootstrap], logLevel: logLevel.WARN })
  const consumer = kafka.consumer({ groupId: group })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  const next = new Map()
  let received = 0
  let done
  const all = new Promise(resolve => { done = resolve })
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      console.log(`record ${partition} ${message.offset} ${message.key.toString()} ${message.value.toString()}`)
      next.set(partition, (BigInt(message.offset) + 1n).toString())
      received++
      if (received === count) done()
    }
  })
  const timeout = setTimeout(() => {
    console.error(`consumed ${received} of ${count} records`)
    process.exit(2)
  }, 60000)
  await all
  clearTimeout(timeout)
  await consumer.commitOffsets([...next].map(([partition, offset]) => ({ topic, partition, offset })))
  const admin = kafka.admin()
  await admin.connect()
  const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] })
  for (const p of committed[0].partitions.sort((a, b) => a.partition - b.partition)) {
    console.log(`committed ${p.partition} ${p.offset}`)
  }
  await admin.disconnect()
  await consumer.disconnect()
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
