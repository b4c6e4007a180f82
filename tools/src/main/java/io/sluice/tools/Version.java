package io.sluice.tools;

/** Prints the Sluice version (from the jar manifest when packaged). */
public final class Version {

    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public static void main(String[] args) {
        System.out.println("Sluice " + current());
    }
}
