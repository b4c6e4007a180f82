package io.sluice.protocol.message;

import static io.sluice.protocol.Field.field;
import static io.sluice.protocol.Primitive.BYTES;
import static io.sluice.protocol.Primitive.INT16;
import static io.sluice.protocol.Primitive.INT32;
import static io.sluice.protocol.Primitive.INT64;
import static io.sluice.protocol.Primitive.INT8;
import static io.sluice.protocol.Primitive.STRING;
import static io.sluice.protocol.Schema.array;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.MessageSpec;

/** SASL authentication and ACL administration. */
public final class SecurityMessages {

    private SecurityMessages() {
    }

    // ---- SaslHandshake (17, never flexible) and SaslAuthenticate (36, flexible from 2). ----

    public static final MessageSpec SASL_HANDSHAKE_REQUEST = MessageSpec.request(ApiKeys.SASL_HANDSHAKE, 0, 1,
            field("mechanism", STRING));

    public static final MessageSpec SASL_HANDSHAKE_RESPONSE = MessageSpec.response(ApiKeys.SASL_HANDSHAKE, 0, 1,
            field("error_code", INT16),
            field("mechanisms", array(STRING)));

    public static final MessageSpec SASL_AUTHENTICATE_REQUEST = MessageSpec.request(ApiKeys.SASL_AUTHENTICATE, 0, 2,
            field("auth_bytes", BYTES));

    public static final MessageSpec SASL_AUTHENTICATE_RESPONSE = MessageSpec.response(ApiKeys.SASL_AUTHENTICATE, 0, 2,
            field("error_code", INT16),
            field("error_message", STRING).nullableSince(0),
            field("auth_bytes", BYTES),
            field("session_lifetime_ms", INT64).since(1));

    // ---- DescribeAcls (29), CreateAcls (30), DeleteAcls (31): pattern types from 1, flexible from 2. ----

    public static final MessageSpec DESCRIBE_ACLS_REQUEST = MessageSpec.request(ApiKeys.DESCRIBE_ACLS, 0, 3,
            field("resource_type_filter", INT8),
            field("resource_name_filter", STRING).nullableSince(0),
            field("pattern_type_filter", INT8).since(1).defaultValue(3),
            field("principal_filter", STRING).nullableSince(0),
            field("host_filter", STRING).nullableSince(0),
            field("operation", INT8),
            field("permission_type", INT8));

    public static final MessageSpec DESCRIBE_ACLS_RESPONSE = MessageSpec.response(ApiKeys.DESCRIBE_ACLS, 0, 3,
            field("throttle_time_ms", INT32),
            field("error_code", INT16),
            field("error_message", STRING).nullableSince(0),
            field("resources", array(
                    field("resource_type", INT8),
                    field("resource_name", STRING),
                    field("pattern_type", INT8).since(1).defaultValue(3),
                    field("acls", array(
                            field("principal", STRING),
                            field("host", STRING),
                            field("operation", INT8),
                            field("permission_type", INT8))))));

    public static final MessageSpec CREATE_ACLS_REQUEST = MessageSpec.request(ApiKeys.CREATE_ACLS, 0, 3,
            field("creations", array(
                    field("resource_type", INT8),
                    field("resource_name", STRING),
                    field("resource_pattern_type", INT8).since(1).defaultValue(3),
                    field("principal", STRING),
                    field("host", STRING),
                    field("operation", INT8),
                    field("permission_type", INT8))));

    public static final MessageSpec CREATE_ACLS_RESPONSE = MessageSpec.response(ApiKeys.CREATE_ACLS, 0, 3,
            field("throttle_time_ms", INT32),
            field("results", array(
                    field("error_code", INT16),
                    field("error_message", STRING).nullableSince(0))));

    public static final MessageSpec DELETE_ACLS_REQUEST = MessageSpec.request(ApiKeys.DELETE_ACLS, 0, 3,
            field("filters", array(
                    field("resource_type_filter", INT8),
                    field("resource_name_filter", STRING).nullableSince(0),
                    field("pattern_type_filter", INT8).since(1).defaultValue(3),
                    field("principal_filter", STRING).nullableSince(0),
                    field("host_filter", STRING).nullableSince(0),
                    field("operation", INT8),
                    field("permission_type", INT8))));

    public static final MessageSpec DELETE_ACLS_RESPONSE = MessageSpec.response(ApiKeys.DELETE_ACLS, 0, 3,
            field("throttle_time_ms", INT32),
            field("filter_results", array(
                    field("error_code", INT16),
                    field("error_message", STRING).nullableSince(0),
                    field("matching_acls", array(
                            field("error_code", INT16),
                            field("error_message", STRING).nullableSince(0),
                            field("resource_type", INT8),
                            field("resource_name", STRING),
                            field("pattern_type", INT8).since(1).defaultValue(3),
                            field("principal", STRING),
                            field("host", STRING),
                            field("operation", INT8),
                            field("permission_type", INT8))))));
}
