package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of clients that connect and never finish a request (half send nothing, half a request
 * head one line short, like a slow-loris attack) do not starve the server: /health and the API still
 * answer, because the oldest of them make room. The server is capped at 500 connections so the test
 * stays far from the 20,000 open files of the test process (each socket here costs two: client and
 * server side).
 */
class SlowClientsIT {

  private static final int MAX_CONNECTIONS = 500;
  private static final int SLOW_CLIENTS = 3000;

  @Test
  void keepsAnsweringHealthAndTheApiWhileThousandsOfSlowClientsHoldSockets() throws IOException {
    try (WebFixture web = WebFixture.startWith(port -> new WebConfig("127.0.0.1", port, null, null, List.of(), null,
        WebConfig.DEFAULT_IDLE_TIMEOUT_S, WebConfig.DEFAULT_HEADER_TIMEOUT_S, MAX_CONNECTIONS), null,
        WebFixture.ALL_UP)) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < SLOW_CLIENTS; i++) {
          slow.add(connectSlowly(web.port, i % 2 == 0));
        }
        HttpResponse<Buffer> health = web.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(web.get("/api/devices").statusCode()).isEqualTo(200);
        assertThat(closedByServer(slow.get(0))).as("the oldest slow client made room").isTrue();
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  private static Socket connectSlowly(int port, boolean partialHead) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
    if (partialHead) {
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
    return socket;
  }

  /** True when the server closed the socket (end of stream) rather than leaving it open. */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
