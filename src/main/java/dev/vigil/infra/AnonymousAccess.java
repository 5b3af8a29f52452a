package dev.vigil.infra;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.function.Predicate;

/**
 * Lets every client connect to the embedded broker, as a stock Mosquitto with allow_anonymous does:
 * HiveMQ refuses every connection while no authenticator is registered. The embedded broker is the
 * zero-install mode; a deployment that needs credentials runs its own broker (mosquitto/README.md).
 * While Vigil starts and while it stops, only Vigil's own clients are let in ({@link #admitOnly});
 * others are told "server unavailable", which MQTT clients answer by trying again.
 */
final class AnonymousAccess implements ExtensionMain {

  private record Admission(Predicate<String> clientIds, String refusal) {}

  private volatile Admission admission = new Admission(clientId -> true, "");

  private final SimpleAuthenticator authenticator = (input, output) -> {
    Admission current = admission;
    if (current.clientIds().test(input.getConnectPacket().getClientId())) {
      output.authenticateSuccessfully();
    } else {
      output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, current.refusal());
    }
  };

  AnonymousAccess(Predicate<String> admittedAtStart, String refusal) {
    admitOnly(admittedAtStart, refusal);
  }

  /** From now on, only clients whose id passes {@code clientIds} may connect; others hear {@code refusal}. */
  void admitOnly(Predicate<String> clientIds, String refusal) {
    admission = new Admission(clientIds, refusal);
  }

  void admitAll() {
    admitOnly(clientId -> true, "");
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // HiveMQ drops the extension's registrations itself.
  }
}
