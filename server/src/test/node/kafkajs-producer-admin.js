// kafkajs 2.2.4 against a Sluice broker: admin calls and the idempotent producer.
//
// Usage: node kafkajs-producer-admin.js BOOTSTRAP TOPIC COUNT
//
// Creates TOPIC with 2 partitions, reads its metadata, produces COUNT records to each partition with an
// idempotent producer (InitProducerId v1, Produce v7 with acks=-1): partition 0 uncompressed, partition 1
// gzip. Then fetches the topic's offsets and lists topics. Prints one line per fact for the calling test:
//     created true|false
//     partition P leader L replicas R
//     sent P BASE_OFFSET
//     offsets P LOW HIGH
//     listed TOPIC
// The consumer is left out: kafkajs has no consumer without a consumer group.
'use strict'
const { Kafka, logLevel, CompressionTypes } = require('kafkajs')

async function main () {
  const [bootstrap, topic, countArg] = process.argv.slice(2)
  const count = Number(countArg)
  const kafka = new Kafka({ clientId: 'sluice-compat', brokers: [bootstrap], logLevel: logLevel.WARN })

  const admin = kafka.admin()
  await admin.connect()
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
    waitForLeaders: true
  })
  console.log(`created ${created}`)
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] })
  for (const p of metadata.topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId)) {
    console.log(`partition ${p.partitionId} leader ${p.leader} replicas ${p.replicas.join(',')}`)
  }

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  await producer.connect()
  const messages = (partition, prefix) => Array.from({ length: count },
    (_, i) => ({ key: `key-${i}`, value: `${prefix}-${i}`, partition }))
  const plain = await producer.send({ topic, acks: -1, messages: messages(0, 'plain') })
  const gzip = await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: messages(1, 'gzip') })
  for (const r of plain.concat(gzip)) {
    console.log(`sent ${r.partition} ${r.baseOffset}`)
  }
  await producer.disconnect()

  const offsets = await admin.fetchTopicOffsets(topic)
  for (const o of offsets.sort((a, b) => a.partition - b.partition)) {
    console.log(`offsets ${o.partition} ${o.low} ${o.high}`)
  }
  for (const name of await admin.listTopics()) {
    console.log(`listed ${name}`)
  }
  await admin.disconnect()
}

main().catch(error => {
  console.error(error)
  process.exit(1)
})
