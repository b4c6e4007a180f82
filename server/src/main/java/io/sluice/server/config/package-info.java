/**
 * Broker configuration: {@link io.sluice.server.config.BrokerConfig} reads {@code server.properties} with
 * Apache Kafka's key names and defaults and fails start-up with a
 * {@link io.sluice.server.config.ConfigException} naming the offending key.
 */
package io.sluice.server.config;
