package io.sluice.server.compat;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Keeps only test classes whose name matches the regular expression in the system property
 * {@value #PROPERTY}, when it is set; without it every test runs.
 *
 * <p>Why: the server module's second surefire execution (kafka-clients 4.x) selects the compatibility
 * tests with {@code includes}, but a {@code -Dtest=...} on the command line replaces includes in every
 * execution, so {@code -Dtest=Log*} would run the log tests a second time against kafka-clients 4.x. This
 * filter, registered through {@code META-INF/services}, holds that execution to the compatibility tests
 * whatever {@code -Dtest} says.
 */
public final class CompatibilityRunFilter implements PostDiscoveryFilter {

    static final String PROPERTY = "sluice.test.classes.only";

    private final Pattern only;

    public CompatibilityRunFilter() {
        String regex = System.getProperty(PROPERTY);
        this.only = regex == null || regex.isBlank() ? null : Pattern.compile(regex);
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (only == null) {
            return FilterResult.included("no class filter");
        }
        Optional<String> className = descriptor.getSource().flatMap(CompatibilityRunFilter::className);
        if (className.isEmpty()) {
            return FilterResult.included("not a test class or method");
        }
        return only.matcher(className.get()).matches()
                ? FilterResult.included(className.get() + " matches " + PROPERTY)
                : FilterResult.excluded(className.get() + " does not match " + PROPERTY);
    }

    private static Optional<String> className(TestSource source) {
        if (source instanceof ClassSource classSource) {
            return Optional.of(classSource.getClassName());
        }
        if (source instanceof MethodSource methodSource) {
            return Optional.of(methodSource.getClassName());
        }
        return Optional.empty();
    }
}
