package io.sluice.record;

/** The codec of a record batch: attribute bits 0-2. Names are the lowercase ones Kafka prints. */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    public final int id;
    public final String name;

    CompressionType(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public static CompressionType forId(int id) {
        switch (id) {
            case 0: return NONE;
            case 1: return GZIP;
            case 2: return SNAPPY;
            case 3: return LZ4;
            case 4: return ZSTD;
            default: throw new CorruptRecordException("Unknown compression codec id " + id);
        }
    }

    public static CompressionType forName(String name) {
        for (CompressionType type : values()) {
            if (type.name.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown compression type '" + name + "': expected none, gzip, snappy, lz4 or zstd");
    }

    @Override
    public String toString() {
        return name;
    }
}
