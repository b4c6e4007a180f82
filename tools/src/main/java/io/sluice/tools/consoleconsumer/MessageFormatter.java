package io.sluice.tools.consoleconsumer;

import java.io.PrintStream;

/** Writes one consumed record to the console consumer's output. Implementations are used by one thread. */
public interface MessageFormatter {

    void writeTo(ConsoleRecord record, PrintStream out);
}
