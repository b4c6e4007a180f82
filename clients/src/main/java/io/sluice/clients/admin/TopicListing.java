package io.sluice.clients.admin;

import java.util.UUID;

/** A topic as {@link SluiceAdmin#listTopics} lists it; {@code topicId} is null when the broker sent none. */
public record TopicListing(String name, UUID topicId, boolean internal) {
}
