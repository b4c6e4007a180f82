package io.sluice.protocol;

import io.sluice.common.Send;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The body of one request or response type, described once for all its versions: the valid version
 * range, and the schema whose fields carry their own version ranges. Whether a version is flexible
 * comes from {@link ApiKeys#isFlexible}. Immutable and thread-safe.
 */
public final class MessageSpec {

    private final ApiKeys apiKey;
    private final boolean request;
    private final short lowestVersion;
    private final short highestVersion;
    private final Schema schema;

    private MessageSpec(ApiKeys apiKey, boolean request, int lowestVersion, int highestVersion, Schema schema) {
        this.apiKey = apiKey;
        this.request = request;
        this.lowestVersion = (short) lowestVersion;
        this.highestVersion = (short) highestVersion;
        this.schema = schema;
    }

    public static MessageSpec request(ApiKeys apiKey, int lowestVersion, int highestVersion, Field... fields) {
        return new MessageSpec(apiKey, true, lowestVersion, highestVersion, new Schema(fields));
    }

    public static MessageSpec response(ApiKeys apiKey, int lowestVersion, int highestVersion, Field... fields) {
        return new MessageSpec(apiKey, false, lowestVersion, highestVersion, new Schema(fields));
    }

    public ApiKeys apiKey() {
        return apiKey;
    }

    public boolean isRequest() {
        return request;
    }

    public short lowestVersion() {
        return lowestVersion;
    }

    public short highestVersion() {
        return highestVersion;
    }

    public boolean supports(int version) {
        return version >= lowestVersion && version <= highestVersion;
    }

    public boolean isFlexible(int version) {
        return apiKey.isFlexible(version);
    }

    public Schema schema() {
        return schema;
    }

    /** A body with every field at its default, to be filled with {@link Struct#set} and {@link Struct#addElement}. */
    public Struct newStruct() {
        return schema.newStruct();
    }

    /**
     * Reads a body of {@code version} from the buffer's position, leaving the position after it.
     * Bytes and records fields are slices of {@code buffer}.
     *
     * @throws MalformedMessageException if the bytes do not form a body of that version
     * @throws IllegalArgumentException if this spec does not define {@code version}
     */
    public Struct read(ByteBuffer buffer, short version) {
        checkVersion(version);
        try {
            return new MessageReader(version, isFlexible(version)).readStruct(schema, buffer);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            // Every read is length-checked first; this is a safety net so no other type escapes.
            throw new MalformedMessageException("Truncated " + this + " v" + version, e);
        }
    }

    /** Appends the encoded body to {@code send}. */
    public void write(Struct body, short version, Send send) {
        write(ByteBuffer.allocate(0), body, version, send);
    }

    /** Appends {@code prefix} (e.g. an encoded header) and the encoded body to {@code send}. */
    void write(ByteBuffer prefix, Struct body, short version, Send send) {
        checkVersion(version);
        if (body.schema() != schema) {
            throw new IllegalArgumentException("Struct is not a " + this);
        }
        new MessageWriter(version, isFlexible(version)).write(prefix, body, send);
    }

    /** The encoded size of {@code body} in {@code version}. */
    public long sizeOf(Struct body, short version) {
        checkVersion(version);
        return new MessageWriter(version, isFlexible(version)).sizeOfStruct(body);
    }

    private void checkVersion(short version) {
        if (!supports(version)) {
            throw new IllegalArgumentException(this + " has no version " + version);
        }
    }

    @Override
    public String toString() {
        return apiKey.displayName() + (request ? "Request" : "Response");
    }
}
