package io.sluice.protocol;

/** One entry of an ApiVersions response: the versions of one api key a broker accepts. */
public record ApiVersionRange(short apiKey, short minVersion, short maxVersion) {

    public ApiVersionRange(ApiKeys key, int minVersion, int maxVersion) {
        this(key.id(), (short) minVersion, (short) maxVersion);
    }
}
