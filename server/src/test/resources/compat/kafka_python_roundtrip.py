"""kafka-python against a Sluice broker: create a topic, produce, consume back, all with the client's defaults.

Usage: kafka_python_roundtrip.py BOOTSTRAP TOPIC COUNT

Creates TOPIC with 2 partitions (KafkaAdminClient), produces COUNT records to partition 0 with the default
producer (acks=1, no compression) and COUNT records to partition 1 with gzip, then reads both partitions
from the beginning with a group-less consumer. Values end in PADDING so that even a batch of one record
shrinks under gzip: kafka-python sends a batch uncompressed when compression would not make it smaller. Prints one line per fact for the calling test:
    api_version A.B.C          the broker version kafka-python inferred from ApiVersions
    sent P OFFSET              each acknowledged send
    record P OFFSET KEY VALUE  each consumed record
Exits non-zero on any error.
"""
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic


PADDING = "." * 100


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="sluice-compat-admin")
    admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)], timeout_ms=30000)
    admin.close()

    # The defaults: ApiVersions v0 + Metadata v0 on connect, Produce v7, acks=1.
    plain = KafkaProducer(bootstrap_servers=bootstrap, client_id="sluice-compat-plain")
    print("api_version %s" % ".".join(str(part) for part in plain.config["api_version"]))
    gzip = KafkaProducer(bootstrap_servers=bootstrap, client_id="sluice-compat-gzip", compression_type="gzip")
    futures = []
    for i in range(count):
        key = ("key-%d" % i).encode()
        futures.append(plain.send(topic, key=key, value=("plain-%d%s" % (i, PADDING)).encode(), partition=0))
        futures.append(gzip.send(topic, key=key, value=("gzip-%d%s" % (i, PADDING)).encode(), partition=1))
    plain.flush(30)
    gzip.flush(30)
    for future in futures:
        metadata = future.get(timeout=30)
        print("sent %d %d" % (metadata.partition, metadata.offset))
    plain.close()
    gzip.close()

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="sluice-compat-consumer", group_id=None,
                             enable_auto_commit=False)
    partitions = [TopicPartition(topic, 0), TopicPartition(topic, 1)]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    received = 0
    deadline = time.time() + 60
    while received < 2 * count and time.time() < deadline:
        for tp, records in consumer.poll(timeout_ms=500).items():
            for record in records:
                print("record %d %d %s %s" % (tp.partition, record.offset, record.key.decode(), record.value.decode()))
                received += 1
    consumer.close()
    if received != 2 * count:
        print("consumed %d of %d records" % (received, 2 * count), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
