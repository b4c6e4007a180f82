// kafkajs 2.2.4 consumers in a consumer group against a Sluice broker.
//
// Usage: node kafkajs-consumer-group.js BOOTSTRAP TOPIC GROUP COUNT
//
// TOPIC exists with 2 partitions holding COUNT records in all. Two consumers of GROUP subscribe from
// the beginning (JoinGroup, SyncGroup, heartbeats, OffsetCommit) until every record was read and both
// hold one partition of the same generation, then disconnect (LeaveGroup). Prints for the calling test:
//     joined NAME GENERATION PARTITIONS     (the last join of each consumer; partitions comma-separated)
//     read N                                 (distinct values read by the two together)
'use strict'
const { Kafka, logLevel } = require('kafkajs')

async function main () {
  const [bootstrap, topic, groupId, countArg] = process.argv.slice(2)
  const count = Number(countArg)
  const kafka = new Kafka({ clientId: 'sluice-compat', brokers: [bootstrap], logLevel: logLevel.WARN })
  const values = new Set()
  const joins = {}
  const consumers = []
  for (const name of ['a', 'b']) {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 500 })
    consumer.on(consumer.events.GROUP_JOIN, e => {
      const partitions = (e.payload.memberAssignment[topic] || []).slice().sort()
      joins[name] = { generation: e.payload.generationId, partitions }
    })
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({ eachMessage: async ({ message }) => { values.add(message.value.toString()) } })
    consumers.push(consumer)
  }
  const deadline = Date.now() + 60000
  const settled = () => joins.a && joins.b && joins.a.generation === joins.b.generation &&
    joins.a.partitions.length === 1 && joins.b.partitions.length === 1
  while ((values.size < count || !settled()) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  for (const name of ['a', 'b']) {
    if (joins[name]) {
      console.log(`joined ${name} ${joins[name].generation} ${joins[name].partitions.join(',')}`)
    }
  }
  console.log(`read ${values.size}`)
  for (const consumer of consumers) {
    await consumer.disconnect()
  }
}

main().catch(e => { console.error(e); process.exit(1) })
