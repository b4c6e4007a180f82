"""kafka-python consuming in a consumer group against a Sluice broker, with the client's defaults.

Usage: kafka_python_group.py BOOTSTRAP TOPIC GROUP COUNT

Subscribes to TOPIC in GROUP (FindCoordinator, JoinGroup v2 - which has no MEMBER_ID_REQUIRED round -,
SyncGroup, Heartbeat), reads COUNT records from the earliest offset, commits the positions synchronously
(OffsetCommit v2) and closes (LeaveGroup). Prints one line per fact for the calling test:
    assigned P[,P...]          the partitions the group gave this member
    record P OFFSET KEY VALUE  each consumed record
    committed P OFFSET         the committed offsets read back (OffsetFetch)
Exits non-zero on any error or if COUNT records did not arrive within 60 s.
"""
import sys
import time

from kafka import KafkaConsumer, TopicPartition


def main():
    bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, client_id="sluice-compat-group", group_id=group,
                             auto_offset_reset="earliest", enable_auto_commit=False)
    received = 0
    deadline = time.time() + 60
    while received < count and time.time() < deadline:
        for tp, records in consumer.poll(timeout_ms=500).items():
            for record in records:
                print("record %d %d %s %s" % (tp.partition, record.offset, record.key.decode(), record.value.decode()))
                received += 1
    assigned = sorted(tp.partition for tp in consumer.assignment())
    print("assigned %s" % ",".join(str(p) for p in assigned))
    consumer.commit()
    for p in assigned:
        print("committed %d %d" % (p, consumer.committed(TopicPartition(topic, p))))
    consumer.close()
    if received != count:
        print("consumed %d of %d records" % (received, count), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
