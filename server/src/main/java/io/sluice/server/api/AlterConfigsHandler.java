package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import io.sluice.server.topic.ConfigAdmin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs (key 33), v0-2: replaces a topic's or broker's dynamic config overrides with the given
 * set (what kafka-configs 3.9 uses for brokers). Topic changes reach the running logs at once.
 */
public final class AlterConfigsHandler implements ApiHandler {

    private final ConfigAdmin configs;

    public AlterConfigsHandler(ConfigAdmin configs) {
        this.configs = configs;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        boolean validateOnly = body.getBool("validate_only");
        Struct response = request.newResponse();
        for (Struct resource : body.<Struct>getArray("resources")) {
            byte type = resource.getByte("resource_type");
            String name = resource.getString("resource_name");
            Map<String, String> values = new LinkedHashMap<>();
            for (Struct config : resource.<Struct>getArray("configs")) {
                values.put(config.getString("name"), config.getString("value"));
            }
            AdminErrors.Outcome outcome;
            try {
                configs.alter(type, name, values, validateOnly);
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
