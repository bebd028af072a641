package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderArtifactStoreTest {
  @TempDir Path root;

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void storesContentUnderItsSha256AndReadsItBack() throws Exception {
    ArtifactStore store = new FolderArtifactStore(root);
    String digest = store.put(bytes("hello"));
    // sha256("hello"), as sha256sum prints it
    String hex = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assertThat(digest).isEqualTo("sha256:" + hex);
    assertThat(root.resolve("sha256/2c/" + hex.substring(2))).hasContent("hello");
    try (InputStream in = store.open(digest)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    assertThat(store.contains(digest)).isTrue();
  }

  @Test
  void storesTheSameContentOnceAndLeavesNoTemporaryFiles() throws Exception {
    ArtifactStore store = new FolderArtifactStore(root);
    Path file = Files.writeString(root.resolve("input.txt"), "same");
    String a = store.put(bytes("same"));
    String b = store.put(file);
    assertThat(a).isEqualTo(b);
    try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
    try (Stream<Path> tmp = Files.list(root.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void refusesToReadAFileWhoseContentNoLongerMatches() throws Exception {
    ArtifactStore store = new FolderArtifactStore(root);
    String digest = store.put(bytes("model"));
    String hex = digest.substring(7);
    Files.writeString(
        root.resolve("sha256/" + hex.substring(0, 2) + "/" + hex.substring(2)), "evil");
    assertThatThrownBy(() -> store.open(digest))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no longer matches its digest: expected " + digest)
        .hasMessageContaining("it is not read")
        .extracting(e -> ((StoreException) e).code())
        .isEqualTo(ErrorCode.INVALID_STATE);
  }

  @Test
  void reportsAMissingArtifactAndAMalformedDigest() {
    ArtifactStore store = new FolderArtifactStore(root);
    String missing = "sha256:" + "a".repeat(64);
    assertThatThrownBy(() -> store.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("No artifact with digest " + missing);
    assertThatThrownBy(() -> store.open("sha256:../../etc/passwd"))
        .hasMessage(
            "An artifact digest is 'sha256:' and 64 lowercase hex digits, but was"
                + " 'sha256:../../etc/passwd'.");
    assertThat(store.contains(missing)).isFalse();
  }
}
