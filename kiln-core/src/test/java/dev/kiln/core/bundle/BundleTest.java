package dev.kiln.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Field;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleTest {
  @TempDir Path dir;

  private BundleManifest manifest() {
    return new BundleManifest(
        BundleManifest.FORMAT_VERSION,
        "fraud",
        "binary",
        "is_fraud",
        List.of("0", "1"),
        List.of(
            SignatureField.of(Field.of("amount", ColumnType.FLOAT, false)),
            SignatureField.of(
                new Field("channel", ColumnType.CATEGORICAL, true, List.of("pos", "web")))),
        List.of("prediction", "probability_1"),
        JsonNodeFactory.instance.objectNode().put("steps", 2),
        new LearnerInfo(
            "lightgbm",
            "lightgbm",
            "4.3.0",
            Map.of("num_trees", 200, "learning_rate", 0.1),
            200,
            "model.txt"),
        JsonNodeFactory.instance.objectNode().put("auc", 0.91),
        null,
        new Provenance(
            "run-1",
            "sha256:ab",
            "columns: {}\n",
            "abc123",
            "0.1.0",
            "17.0.15",
            "2026-11-24T00:00:00Z"),
        Map.of());
  }

  private Path write(String name) throws Exception {
    Path model = Files.writeString(dir.resolve("src-model.txt"), "tree=1\nleaf=0.5\n");
    Path target = dir.resolve(name);
    BundleWriter.write(target, manifest(), Map.of("model.txt", model));
    return target;
  }

  @ParameterizedTest
  @ValueSource(strings = {"fraud", "fraud.kiln"})
  void writtenBundleOpensWithTheSameManifestAndFiles(String name) throws Exception {
    Path bundle = write(name);
    try (Bundle b = Bundle.open(bundle)) {
      BundleManifest m = b.manifest();
      assertThat(m.name()).isEqualTo("fraud");
      assertThat(m.signature().get(1).toField())
          .isEqualTo(new Field("channel", ColumnType.CATEGORICAL, true, List.of("pos", "web")));
      assertThat(m.learner().params()).containsEntry("num_trees", 200);
      assertThat(m.files()).containsOnlyKeys("model.txt");
      assertThat(Files.readString(b.file("model.txt"))).isEqualTo("tree=1\nleaf=0.5\n");
      assertThat(m).isEqualTo(manifest().withFiles(m.files()));
    }
  }

  @Test
  void zippedBundleUnpacksToATemporaryFolderRemovedOnClose() throws Exception {
    Path file;
    try (Bundle b = Bundle.open(write("fraud.kiln"))) {
      file = b.file("model.txt");
      assertThat(file).exists();
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void manifestSumWorksWithSha256sum() throws Exception {
    Path bundle = write("fraud");
    String sum = Files.readString(bundle.resolve("kiln-model.json.sha256"));
    assertThat(sum).matches("[0-9a-f]{64}  kiln-model\\.json\\n");
  }

  @Test
  void refusesAnEditedModelFile() throws Exception {
    Path bundle = write("fraud");
    Files.writeString(bundle.resolve("model.txt"), "tree=1\nleaf=0.9\n");
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("file 'model.txt'")
        .hasMessageContaining("does not match its SHA-256")
        .hasMessageContaining("edited or truncated");
  }

  @Test
  void refusesATruncatedModelFile() throws Exception {
    Path bundle = write("fraud");
    Files.writeString(bundle.resolve("model.txt"), "tree=1\n");
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("(7 bytes) does not match");
  }

  @Test
  void refusesAMissingFile() throws Exception {
    Path bundle = write("fraud");
    Files.delete(bundle.resolve("model.txt"));
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("file 'model.txt' listed in kiln-model.json is missing");
  }

  @Test
  void refusesAnEditedManifest() throws Exception {
    Path bundle = write("fraud");
    Path m = bundle.resolve("kiln-model.json");
    Files.writeString(m, Files.readString(m).replace("0.91", "0.99"));
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("kiln-model.json was changed after the bundle was written");
  }

  @Test
  void refusesANewerFormatVersionAndSaysToUpgrade() throws Exception {
    Path bundle = write("fraud");
    rewriteManifest(
        bundle,
        Files.readString(bundle.resolve("kiln-model.json"))
            .replace("\"format_version\" : 1", "\"format_version\" : 7"));
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("format version 7")
        .hasMessageContaining("reads versions up to 1")
        .hasMessageContaining("upgrade Kiln");
  }

  @Test
  void namesTheLineOfAManifestThatIsNotJson() throws Exception {
    Path bundle = write("fraud");
    rewriteManifest(bundle, "{\n  \"format_version\": 1,\n  oops\n}\n");
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("kiln-model.json line 3")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void refusesAManifestListingAFileOutsideTheBundle() throws Exception {
    Path bundle = write("fraud");
    rewriteManifest(
        bundle,
        Files.readString(bundle.resolve("kiln-model.json"))
            .replace("\"model.txt\" : \"", "\"../model.txt\" : \""));
    assertThatThrownBy(() -> Bundle.open(bundle))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("file name '../model.txt' is not allowed");
  }

  @Test
  void refusesAFolderThatIsNotABundle() throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    assertThatThrownBy(() -> Bundle.open(other))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("is not a Kiln model bundle: it has no kiln-model.json");
  }

  @Test
  void refusesAFileThatIsNotAZip() throws Exception {
    Path fake = Files.writeString(dir.resolve("fake.kiln"), "hello");
    assertThatThrownBy(() -> Bundle.open(fake))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("is not a Kiln model bundle");
  }

  @Test
  void refusesAZipWithoutAManifestAndAZipWithFolders() throws Exception {
    Path foreign = dir.resolve("foreign.kiln");
    try (OutputStream out = Files.newOutputStream(foreign);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("model.onnx"));
      zip.write(1);
      zip.closeEntry();
    }
    assertThatThrownBy(() -> Bundle.open(foreign)).hasMessageContaining("has no kiln-model.json");

    Path slip = dir.resolve("slip.kiln");
    try (OutputStream out = Files.newOutputStream(slip);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("../evil.txt"));
      zip.write(1);
      zip.closeEntry();
    }
    assertThatThrownBy(() -> Bundle.open(slip))
        .hasMessageContaining("entry '../evil.txt' is not a bundle file");
    assertThat(dir.getParent().resolve("evil.txt")).doesNotExist();
  }

  @Test
  void missingBundleIsNamed() {
    assertThatThrownBy(() -> Bundle.open(dir.resolve("nope")))
        .isInstanceOf(UserException.class)
        .hasMessage("model bundle not found: " + dir.resolve("nope"));
  }

  @Test
  void rewritingReplacesTheOldBundleWhole() throws Exception {
    Path bundle = write("fraud");
    Path model = Files.writeString(dir.resolve("m2.txt"), "tree=2\n");
    BundleWriter.write(bundle, manifest(), Map.of("model2.txt", model));
    try (Bundle b = Bundle.open(bundle)) {
      assertThat(b.manifest().files()).containsOnlyKeys("model2.txt");
    }
    assertThat(bundle.resolve("model.txt")).doesNotExist();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
  }

  @Test
  void aFailedWriteLeavesNoBundle() {
    Path target = dir.resolve("half");
    assertThatThrownBy(
            () ->
                BundleWriter.write(
                    target, manifest(), Map.of("model.txt", dir.resolve("missing-source.txt"))))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot write bundle");
    assertThat(target).doesNotExist();
  }

  /** Replaces the manifest and updates its checksum, as a tool that knows the format would. */
  private static void rewriteManifest(Path bundle, String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Files.write(bundle.resolve("kiln-model.json"), bytes);
    Files.writeString(
        bundle.resolve("kiln-model.json.sha256"), BundleLayout.sumLine(Sha256.of(bytes)));
  }
}
