package dev.vigil.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Where a webjar's files are on the class path, {@code META-INF/resources/webjars/{artifact}/{version}}, the
 * version read from the webjar's own {@code pom.properties}, so that pom.xml stays the one place it is named.
 * Blocking (class-path reads): call it off the event loop, once at start.
 */
final class Webjars {

  private Webjars() {
  }

  static String root(String group, String artifact) throws IOException {
    String versionFile = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    Properties pom = new Properties();
    try (InputStream in = Webjars.class.getClassLoader().getResourceAsStream(versionFile)) {
      if (in == null) {
        throw new IOException(versionFile + " is not on the classpath");
      }
      pom.load(in);
    }
    return "META-INF/resources/webjars/" + artifact + "/" + pom.getProperty("version");
  }
}
