package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.digest.DatasetDigest;
import dev.kiln.core.frame.Frame;
import dev.kiln.data.source.FileFormat;
import dev.kiln.data.source.FileSource;
import dev.kiln.testing.SampleFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SplitFilesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void writesBothSidesThatReadBackToTheSameRows(FileFormat format) {
    Frame frame = SampleFrames.payments(200, 3);
    SplitResult r = Splitter.of("random", 0.25, 42).apply(frame);
    String ext = format.name().toLowerCase(java.util.Locale.ROOT);
    Path train = dir.resolve("p.train." + ext);
    Path test = dir.resolve("p.test." + ext);
    SplitFiles.write(frame.take(r.train()), frame.take(r.test()), train, test, format);
    Frame trainBack = new FileSource(train).read();
    Frame testBack = new FileSource(test).read();
    assertThat(trainBack.rowCount()).isEqualTo(150);
    assertThat(testBack.rowCount()).isEqualTo(50);
    assertThat(DatasetDigest.of(trainBack)).isEqualTo(DatasetDigest.of(frame.take(r.train())));
    assertThat(DatasetDigest.of(testBack)).isEqualTo(DatasetDigest.of(frame.take(r.test())));
  }

  @Test
  void writesNeitherSideWhenOneCannotBeWritten() throws IOException {
    Frame frame = SampleFrames.payments(20, 3);
    Path test = dir.resolve("p.test.csv");
    Files.createDirectory(test);
    assertThatThrownBy(
            () -> SplitFiles.write(frame, frame, dir.resolve("p.train.csv"), test, FileFormat.CSV))
        .isInstanceOf(UserException.class)
        .hasMessage("cannot write " + test + ": it is a folder");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(test);
    }
  }
}
