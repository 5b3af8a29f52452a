package dev.vigil.infra;

import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Says, before anything starts, which configured port is taken and which setting moves it. */
final class PortCheck {

  private PortCheck() {
  }

  static void ensureFree(int port, String what, ConfigKey key, String flag, String hint) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new ConfigException("port " + port + " for the " + what + " is already in use. Choose another with "
          + flag + " or " + key.envVar() + hint + ".");
    }
  }
}
