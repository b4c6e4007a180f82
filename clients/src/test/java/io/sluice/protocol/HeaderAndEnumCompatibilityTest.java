package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.Test;

/** Request/response headers, ApiKeys and Errors checked against kafka-clients 3.9.1. */
class HeaderAndEnumCompatibilityTest {

    @Test
    void apiKeysHaveKafkasIdsNamesAndHeaderVersions() {
        for (org.apache.kafka.common.protocol.ApiKeys theirs : org.apache.kafka.common.protocol.ApiKeys.values()) {
            ApiKeys ours = ApiKeys.forId(theirs.id);
            if (theirs.id > 75) {
                assertThat(ours).isNull();
                continue;
            }
            assertThat(ours).as("key %d", theirs.id).isNotNull();
            assertThat(ours.name()).isEqualTo(theirs.name());
            assertThat(ours.displayName()).isEqualTo(theirs.name);
            // Up to well beyond the newest version: too-new versions must get the right header too.
            for (short version = 0; version < 25; version++) {
                assertThat(RequestHeader.headerVersion(ours.id(), version)).as("%s v%d request header", ours, version)
                        .isEqualTo(theirs.requestHeaderVersion(version));
                assertThat(ResponseHeader.headerVersion(ours, version)).as("%s v%d response header", ours, version)
                        .isEqualTo(theirs.responseHeaderVersion(version));
            }
        }
    }

    @Test
    void definedVersionRangesMatchKafka39() {
        for (ApiKeys key : Messages.definedKeys()) {
            org.apache.kafka.common.protocol.ApiKeys theirs = org.apache.kafka.common.protocol.ApiKeys.forId(key.id());
            assertThat(Messages.request(key).lowestVersion()).as("%s", key).isEqualTo(theirs.oldestVersion());
            assertThat(Messages.request(key).highestVersion()).as("%s", key).isEqualTo(theirs.latestVersion(true));
        }
    }

    @Test
    void errorsHaveKafkasCodesNamesAndRetriability() {
        java.util.List<String> wrongRetriability = new java.util.ArrayList<>();
        for (org.apache.kafka.common.protocol.Errors theirs : org.apache.kafka.common.protocol.Errors.values()) {
            Errors ours = Errors.forCode(theirs.code());
            assertThat(ours.name()).isEqualTo(theirs.name());
            assertThat(ours.code()).isEqualTo(theirs.code());
            if (ours.retriable() != theirs.exception() instanceof RetriableException) {
                wrongRetriability.add(ours.name());
            }
        }
        assertThat(wrongRetriability).as("errors with the wrong retriable flag").isEmpty();
        assertThat(Errors.values()).hasSize(org.apache.kafka.common.protocol.Errors.values().length);
        assertThat(Errors.forCode(9999)).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(Errors.UNKNOWN_TOPIC_OR_PARTITION.message()).isEqualTo("Unknown topic or partition.");
    }

    @Test
    void readsEveryRequestHeaderVersionKafkaWrites() {
        Random random = new Random(7);
        String[] clientIds = {null, "", "console-producer", "clïent-日本"};
        for (org.apache.kafka.common.protocol.ApiKeys key : org.apache.kafka.common.protocol.ApiKeys.values()) {
            if (ApiKeys.forId(key.id) == null) {
                continue; // share-group and raft-voter keys above 75 are not in our enum
            }
            for (short version = key.oldestVersion(); version <= key.latestVersion(true) + 1; version++) {
                short headerVersion = key.requestHeaderVersion(version);
                String clientId = headerVersion == 0 ? null : clientIds[random.nextInt(clientIds.length)];
                RequestHeaderData data = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                        .setCorrelationId(random.nextInt()).setClientId(clientId);
                ByteBuffer plain = MessageUtil.toByteBuffer(data, headerVersion);
                if (headerVersion >= 2) {
                    data.unknownTaggedFields().add(new RawTaggedField(5, new byte[] {9, 8, 7}));
                }
                ByteBuffer withTags = MessageUtil.toByteBuffer(data, headerVersion);
                ByteBuffer frame = ByteBuffer.allocate(withTags.remaining() + 3).put(withTags.duplicate()).put(new byte[] {1, 2, 3}).flip();

                RequestHeader ours = RequestHeader.read(frame);
                assertThat(ours).isEqualTo(new RequestHeader(key.id, version, data.correlationId(), clientId));
                assertThat(frame.remaining()).as("position left at the body of %s v%d", key, version).isEqualTo(3);
                assertThat(ours.encode()).isEqualTo(plain);
            }
        }
    }

    @Test
    void responseHeadersMatchKafka() {
        for (short headerVersion = 0; headerVersion <= 1; headerVersion++) {
            ResponseHeaderData data = new ResponseHeaderData().setCorrelationId(-12345);
            ByteBuffer plain = MessageUtil.toByteBuffer(data, headerVersion);
            assertThat(new ResponseHeader(-12345).encode(headerVersion)).isEqualTo(plain);
            if (headerVersion == 1) {
                data.unknownTaggedFields().add(new RawTaggedField(3, new byte[] {1}));
            }
            ByteBuffer frame = MessageUtil.toByteBuffer(data, headerVersion);
            assertThat(ResponseHeader.read(frame, headerVersion).correlationId()).isEqualTo(-12345);
            assertThat(frame.hasRemaining()).isFalse();
        }
    }

    @Test
    void truncatedOrLyingHeadersFailWithTheTypedException() {
        ByteBuffer valid = new RequestHeader((short) 3, (short) 12, 42, "client").encode();
        for (int length = 0; length < valid.remaining(); length++) {
            ByteBuffer truncated = valid.duplicate().limit(length);
            assertThatThrownBy(() -> RequestHeader.read(truncated)).isInstanceOf(MalformedMessageException.class);
        }
        ByteBuffer lying = valid.duplicate();
        lying.putShort(8, (short) 500);
        assertThatThrownBy(() -> RequestHeader.read(lying)).isInstanceOf(MalformedMessageException.class);
    }
}
