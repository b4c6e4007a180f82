package io.sluice.tools.consoleconsumer;

import io.sluice.record.Header;
import java.util.List;

/**
 * A consumed record as the console consumer's formatters see it, independent of the consumer's own
 * record class: where it is, its timestamp, its key and value bytes (null when absent) and headers.
 * {@code timestampType} is "CreateTime", "LogAppendTime", or null for a record without timestamp.
 */
public record ConsoleRecord(String topic, int partition, long offset, String timestampType, long timestamp,
        byte[] key, byte[] value, List<Header> headers) {

    public ConsoleRecord {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
