package io.sluice.server;

import io.sluice.server.config.BrokerConfig;
import io.sluice.server.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code sluice-server-start.sh server.properties [--override key=value ...]}: runs one broker until
 * it is stopped (SIGTERM or Ctrl-C shut it down cleanly, so the next start needs no log recovery).
 */
public final class SluiceServerMain {

    private SluiceServerMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: sluice-server-start.sh [-daemon] server.properties [--override key=value]...");
            System.exit(2);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(reader);
        } catch (IOException e) {
            System.err.println("Cannot read " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
        for (int i = 1; i < args.length; i++) {
            if (!"--override".equals(args[i]) || i + 1 >= args.length || !args[i + 1].contains("=")) {
                System.err.println("Bad argument '" + args[i] + "': expected --override key=value");
                System.exit(2);
            }
            String[] kv = args[++i].split("=", 2);
            props.setProperty(kv[0].trim(), kv[1].trim());
        }
        SluiceServer server;
        try {
            server = new SluiceServer(new BrokerConfig(props));
        } catch (ConfigException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "sluice-shutdown-hook"));
        try {
            server.startup();
        } catch (RuntimeException e) {
            System.err.println("Sluice broker failed to start: " + e.getMessage());
            System.exit(1);
        }
        server.awaitShutdown();
    }
}
