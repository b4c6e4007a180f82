package io.sluice.zk.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

import io.sluice.zk.errors.AdminException;

class TopicNamesTest {

    private static boolean kafkaAccepts(String name) {
        try {
            Topic.validate(name);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    @Test
    void namedCases() {
        for (String ok : List.of("a", "orders", "Orders.v2", "my_topic-1", "..a", "...", "a".repeat(249))) {
            assertThat(TopicNames.isValid(ok)).as(ok).isTrue();
        }
        assertThatThrownBy(() -> TopicNames.validate("")).hasMessageContaining("can't be empty");
        assertThatThrownBy(() -> TopicNames.validate(".")).hasMessageContaining("cannot be \".\" or \"..\"");
        assertThatThrownBy(() -> TopicNames.validate("..")).isInstanceOf(AdminException.InvalidTopic.class);
        assertThatThrownBy(() -> TopicNames.validate("a".repeat(250))).hasMessageContaining("249");
        for (String bad : List.of("a b", "a/b", "a:b", "ü", "a*", "tab\t", "a,b")) {
            assertThatThrownBy(() -> TopicNames.validate(bad)).as(bad)
                    .isInstanceOf(AdminException.InvalidTopic.class)
                    .hasMessageContaining("ASCII alphanumerics")
                    .extracting(e -> ((AdminException) e).errorCode()).isEqualTo((short) 17);
        }
        assertThat(TopicNames.unifyCollisionChars("a.b_c")).isEqualTo("a_b_c");
        assertThat(TopicNames.hasCollisionChars("abc")).isFalse();
    }

    @Test
    void agreesWithKafkaOnRandomNames() {
        Random random = new Random(7);
        String alphabet = "abzAZ09._-/ :+*é\u0000";
        List<String> names = new ArrayList<>(List.of("", ".", "..", "...", "a".repeat(249), "a".repeat(250)));
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(6);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            names.add(sb.toString());
        }
        for (String name : names) {
            assertThat(TopicNames.isValid(name)).as("'%s'", name).isEqualTo(kafkaAccepts(name));
        }
    }
}
