package dev.kiln.store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * A child process for {@link MultiProcessSqliteTest}: registers versions of a model and moves the
 * {@code champion} alias onto each, until it is killed. Arguments: store URL, model name.
 */
final class RegistrarMain {
  private RegistrarMain() {}

  public static void main(String[] args) {
    try (Store store = Store.open(args[0])) {
      Change who = Change.by("registrar");
      for (int i = 0; ; i++) {
        String bundle =
            store
                .artifacts()
                .put(new ByteArrayInputStream(("bundle " + i).getBytes(StandardCharsets.UTF_8)));
        ModelVersion v =
            store
                .registry()
                .createModelVersion(NewModelVersion.of(args[1], "loop", null, bundle), who);
        store.registry().setAlias(args[1], "champion", v.version(), who);
      }
    }
  }
}
