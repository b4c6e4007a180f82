/**
 * The Kafka wire protocol, shared by the broker and our clients.
 *
 * <h2>Model</h2>
 * Every request and response type is described once, for all its versions, as a {@link
 * io.sluice.protocol.MessageSpec}: a version range and a {@link io.sluice.protocol.Schema} whose
 * {@link io.sluice.protocol.Field}s carry the versions in which they exist, in which they may be null,
 * their tag if tagged, and their default. The definitions live in {@code io.sluice.protocol.message}
 * and are looked up with {@link io.sluice.protocol.Messages}. A message value is a generic {@link
 * io.sluice.protocol.Struct} accessed by snake_case field name (the names of the protocol guide).
 * Fields absent from a version read as their defaults and are not written, so handlers can treat all
 * versions alike and set every field they know.
 *
 * <h2>Broker: reading a request</h2>
 * <pre>{@code
 * ByteBuffer frame = ...;                               // one request, without its 4-byte size prefix
 * RequestHeader header = RequestHeader.read(frame);     // position is now at the body
 * if (Frames.isTooNewApiVersionsRequest(header)) {
 *     return Frames.unsupportedApiVersionsResponse(header.correlationId(), supportedRanges);
 * }
 * ApiKeys api = header.api();                           // null for an unknown key
 * if (!Messages.isDefined(api) || !Messages.request(api).supports(header.apiVersion())) { ... close ... }
 * Struct request = Messages.request(api).read(frame, header.apiVersion());
 * }</pre>
 * A malformed body throws {@link io.sluice.protocol.MalformedMessageException} and nothing else; every
 * length and count is checked against the bytes remaining before anything is allocated. Bytes and
 * records fields are zero-copy slices of {@code frame}, so the frame must stay untouched while the
 * request is handled.
 *
 * <h2>Broker: a Produce handler</h2>
 * <pre>{@code
 * Struct response = Messages.response(ApiKeys.PRODUCE).newStruct();
 * for (Struct topic : request.<Struct>getArray("topic_data")) {
 *     Struct topicResponse = response.addElement("responses").set("name", topic.getString("name"));
 *     for (Struct partition : topic.<Struct>getArray("partition_data")) {
 *         ByteBuffer records = partition.getRecords("records");   // one v2 batch, or null
 *         long baseOffset = log.append(topic.getString("name"), partition.getInt("index"), records);
 *         topicResponse.addElement("partition_responses")
 *                 .set("index", partition.getInt("index"))
 *                 .set("error_code", Errors.NONE.code())
 *                 .set("base_offset", baseOffset);
 *     }
 * }
 * Send send = Frames.response(header, response);
 * }</pre>
 *
 * <h2>Broker: writing a response with record data from disk</h2>
 * A records field may hold a {@link io.sluice.record.FileSlice}; the writer puts it into the {@link
 * io.sluice.common.Send} as its own part, between the heap buffers holding everything else, so the
 * network layer can send it with {@code transferTo} and the record bytes never enter the heap:
 * <pre>{@code
 * Struct fetch = Messages.response(ApiKeys.FETCH).newStruct().set("session_id", 0);
 * Struct topic = fetch.addElement("responses").set("topic", "orders");
 * topic.addElement("partitions")
 *         .set("partition_index", 0)
 *         .set("high_watermark", hw)
 *         .set("last_stable_offset", hw)
 *         .set("log_start_offset", logStart)
 *         .set("records", new FileSlice(segmentChannel, position, length));
 * Send send = Frames.response(header, fetch);   // response header of the right version + body
 * // frame size prefix = send.sizeInBytes(); then write send.parts() in order
 * }</pre>
 *
 * <h2>Versions and headers</h2>
 * {@link io.sluice.protocol.ApiKeys#isFlexible} tells which versions use the compact encodings and
 * tagged fields; request header v2 and response header v1 go with them, except that ApiVersions
 * responses always use response header v0 ({@link io.sluice.protocol.ResponseHeader#headerVersion}).
 * A spec's version range is what this code can encode; which versions the broker advertises is the
 * broker's choice (e.g. Fetch only up to 12 without topic ids).
 *
 * <h2>Thread safety</h2>
 * Specs, schemas and fields are immutable and shared. Structs and Sends are built by one thread and
 * then handed over.
 */
package io.sluice.protocol;
