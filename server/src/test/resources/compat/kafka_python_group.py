"""kafka-python 2.0.2 as a consumer group member against a Sluice broker.

Usage: kafka_python_group.py BOOTSTRAP TOPIC GROUP COUNT

Subscribes to TOPIC in GROUP (JoinGroup v2 without the member-id round, SyncGroup v1, heartbeats),
reads COUNT distinct values from the beginning, commits (OffsetCommit v2) and closes (LeaveGroup).
Prints for the calling test:
    read N
    assigned P,P...
"""
import sys

from kafka import KafkaConsumer


def main():
    bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, client_id="sluice-compat-group",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=60000,
                             heartbeat_interval_ms=1000)
    values = set()
    for message in consumer:
        values.add(message.value.decode("utf-8"))
        if len(values) >= count:
            break
    consumer.commit()
    print("read %d" % len(values))
    print("assigned %s" % ",".join(sorted(str(tp.partition) for tp in consumer.assignment())))
    consumer.close()


if __name__ == "__main__":
    main()
