package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import io.sluice.server.topic.ConfigAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs (key 44), v0-1: SET, DELETE, APPEND and SUBTRACT on a topic's or broker's
 * dynamic config overrides. Deleting a key that is not set succeeds.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler {

    private final ConfigAdmin configs;

    public IncrementalAlterConfigsHandler(ConfigAdmin configs) {
        this.configs = configs;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        boolean validateOnly = body.getBool("validate_only");
        Struct response = request.newResponse();
        for (Struct resource : body.<Struct>getArray("resources")) {
            byte type = resource.getByte("resource_type");
            String name = resource.getString("resource_name");
            AdminErrors.Outcome outcome;
            try {
                List<ConfigAdmin.Op> ops = new ArrayList<>();
                for (Struct config : resource.<Struct>getArray("configs")) {
                    ops.add(new ConfigAdmin.Op(config.getString("name"),
                            ConfigAdmin.OpType.forCode(config.getByte("config_operation")), config.getString("value")));
                }
                configs.incrementalAlter(type, name, ops, validateOnly);
                outcome = AdminErrors.Outcome.NONE;
            } catch (RuntimeException e) {
                outcome = AdminErrors.of(e, "Altering configs of " + name);
            }
            response.addElement("responses")
                    .set("error_code", outcome.code())
                    .set("error_message", outcome.message())
                    .set("resource_type", type)
                    .set("resource_name", name);
        }
        return CompletableFuture.completedFuture(response);
    }
}
