package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.topic.ConfigAdmin;
import io.sluice.server.topic.ConfigEntry;
import io.sluice.server.topic.ConfigSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs (key 32), v1-4: every config of a topic or broker with its effective value, its
 * source, and (v1+, when asked) its synonyms; v3+ the type and (when asked) the documentation.
 * {@code configuration_keys} null means all keys.
 */
public final class DescribeConfigsHandler implements ApiHandler {

    private final ConfigAdmin configs;

    public DescribeConfigsHandler(ConfigAdmin configs) {
        this.configs = configs;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        boolean synonyms = body.getBool("include_synonyms");
        boolean documentation = body.getBool("include_documentation");
        Struct response = request.newResponse();
        for (Struct resource : body.<Struct>getArray("resources")) {
            byte type = resource.getByte("resource_type");
            String name = resource.getString("resource_name");
            Struct result = response.addElement("results")
                    .set("resource_type", type)
                    .set("resource_name", name)
                    .set("error_message", null);
            List<ConfigEntry> entries;
            try {
                entries = configs.describe(type, name, resource.getArray("configuration_keys"), documentation);
            } catch (RuntimeException e) {
                AdminErrors.Outcome outcome = AdminErrors.of(e, "Describing configs of " + name);
                result.set("error_code", outcome.code()).set("error_message", outcome.message());
                continue;
            }
            result.set("error_code", Errors.NONE.code());
            for (ConfigEntry entry : entries) {
                Struct config = result.addElement("configs")
                        .set("name", entry.name())
                        .set("value", entry.value())
                        .set("read_only", entry.readOnly())
                        .set("is_default", entry.source() == ConfigSource.DEFAULT_CONFIG)
                        .set("config_source", entry.source().code())
                        .set("is_sensitive", entry.sensitive())
                        .set("config_type", entry.type().code())
                        .set("documentation", entry.documentation());
                if (synonyms) {
                    for (ConfigEntry.Synonym synonym : entry.synonyms()) {
                        config.addElement("synonyms")
                                .set("name", synonym.name())
                                .set("value", synonym.value())
                                .set("source", synonym.source().code());
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
