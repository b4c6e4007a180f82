package io.sluice.zk.topic;

import io.sluice.zk.errors.AdminException;

/**
 * Kafka's rules for topic names: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and not
 * {@code "."} or {@code ".."} (they would be confusing directory names). 249 leaves room for the
 * {@code -<partition>} suffix and a {@code .deleted}-style marker within the 255-byte file name
 * limit of common file systems, since each partition is a directory named {@code <topic>-<p>}.
 *
 * <p>Metric names replace {@code '.'} with {@code '_'}, so two topics differing only there would
 * share metrics: creating such a pair is refused as a collision, as in Kafka. Stateless.
 */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** @throws AdminException.InvalidTopic naming the rule that was broken */
    public static void validate(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new AdminException.InvalidTopic("Topic name is illegal, it can't be empty");
        }
        if (topic.equals(".") || topic.equals("..")) {
            throw new AdminException.InvalidTopic("Topic name cannot be \".\" or \"..\"");
        }
        if (topic.length() > MAX_LENGTH) {
            throw new AdminException.InvalidTopic("Topic name is illegal, it can't be longer than " + MAX_LENGTH
                    + " characters, topic name: " + topic);
        }
        for (int i = 0; i < topic.length(); i++) {
            if (!isLegal(topic.charAt(i))) {
                throw new AdminException.InvalidTopic("Topic name \"" + topic + "\" is illegal, it contains a character"
                        + " other than ASCII alphanumerics, '.', '_' and '-'");
            }
        }
    }

    public static boolean isValid(String topic) {
        try {
            validate(topic);
            return true;
        } catch (AdminException.InvalidTopic e) {
            return false;
        }
    }

    private static boolean isLegal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    /** True if the name has a character that could collide in metric names ('.' or '_'). */
    public static boolean hasCollisionChars(String topic) {
        return topic.indexOf('.') >= 0 || topic.indexOf('_') >= 0;
    }

    /** The name with '.' replaced by '_': two topics collide when these are equal. */
    public static String unifyCollisionChars(String topic) {
        return topic.replace('.', '_');
    }
}
