package dev.kiln.data.split;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Frame;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.source.FileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the two sides of a split as files, both or neither: each side is written in full under a
 * temporary name beside its target, and only when both are complete are they moved into place.
 */
public final class SplitFiles {
  private SplitFiles() {}

  /** Fails unless both targets can be written, before any work is done. */
  public static void checkWritable(Path train, Path test) {
    FrameWriter.checkWritable(train);
    FrameWriter.checkWritable(test);
  }

  public static void write(Frame train, Frame test, Path trainPath, Path testPath, FileFormat f) {
    checkWritable(trainPath, testPath);
    Path trainPart = null;
    Path testPart = null;
    try {
      trainPart = part(trainPath);
      testPart = part(testPath);
      FrameWriter.write(train, trainPart, f);
      FrameWriter.write(test, testPart, f);
      // both sides are complete; two renames in one folder are all that is left to fail
      move(trainPart, trainPath);
      move(testPart, testPath);
    } finally {
      deleteQuietly(trainPart);
      deleteQuietly(testPart);
    }
  }

  private static Path part(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      return Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    } catch (IOException e) {
      throw new UserException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserException("cannot write " + to + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a stray temporary file; the targets are whole either way
      }
    }
  }
}
