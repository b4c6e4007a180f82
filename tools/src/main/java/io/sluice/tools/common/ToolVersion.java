package io.sluice.tools.common;

import io.sluice.tools.Version;
import picocli.CommandLine;

/** What {@code --version} prints for every tool: "Sluice" and the version of the jar. */
public final class ToolVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"Sluice " + Version.current()};
    }
}
