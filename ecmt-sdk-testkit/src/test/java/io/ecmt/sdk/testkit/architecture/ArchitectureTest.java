package io.ecmt.sdk.testkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the code keeps (SDK and test kit, main classes): a dialect's command text and line
 * prefixes live only in its package; no package cycles; the API packages do not reach into
 * {@code internal} except through the builder's entry point.
 */
class ArchitectureTest {
  /** Where ECMT is allowed to be spelled out. */
  static final String[] ECMT_PACKAGES = {"io.ecmt.sdk.internal.dialect.ecmt..", "io.ecmt.sdk.testkit.ecmt.."};
  static final String[] API_PACKAGES = {"io.ecmt.sdk", "io.ecmt.sdk.message..", "io.ecmt.sdk.exceptions..",
      "io.ecmt.sdk.transport..", "io.ecmt.sdk.serial..", "io.ecmt.sdk.json.."};

  static JavaClasses main;

  @BeforeAll
  static void load() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.ecmt.sdk");
  }

  @Test
  void noEcmtCommandTextOrLinePrefixOutsideTheEcmtDialect() {
    classes().that().resideOutsideOfPackages(ECMT_PACKAGES)
        .should(haveNoStringConstantMatching("ECMT[A-Z]"))
        .check(main);
  }

  /**
   * The dialect is chosen in one place (the SDK's modem, the fake module's front). The test kit's
   * transcript and server log also use the ECMT secret redactor: it is the only dialect so far, and
   * a transcript line is redacted after the fact, away from any module.
   */
  @Test
  void onlyTheDialectChoiceKnowsTheEcmtDialect() {
    noClasses().that().resideOutsideOfPackages(ECMT_PACKAGES)
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.internal.session.ModemSession")
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.testkit.FakeModule")
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.testkit.FakeModule$Builder")
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.testkit.Transcript")
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.testkit.Transcript$Entry")
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.testkit.TrafficLog")
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.testkit.TranscriptRecorder")
        .should().dependOnClassesThat().resideInAnyPackage(ECMT_PACKAGES)
        .check(main);
  }

  /**
   * The API packages form one layer (exceptions carry an {@code Operation}, operations throw
   * exceptions) and reach the internals only through the builder (checked below); below them no
   * package may take part in a cycle.
   */
  @Test
  void noPackageCyclesBelowTheApi() {
    slices().matching("io.ecmt.sdk.internal.(**)").should().beFreeOfCycles().check(main);
  }

  /** The test kit's public front (FakeModule) uses its engine and ECMT part; below it, no cycles. */
  @Test
  void noPackageCyclesInTheTestKitBelowItsFront() {
    slices().matching("io.ecmt.sdk.testkit.(**)").should().beFreeOfCycles().check(main);
  }

  @Test
  void theApiDoesNotUseInternalsButThroughTheBuilder() {
    noClasses().that().resideInAnyPackage(API_PACKAGES)
        .and().doNotHaveFullyQualifiedName("io.ecmt.sdk.EcmtModemBuilder")
        .should().dependOnClassesThat().resideInAPackage("io.ecmt.sdk.internal..")
        .check(main);
  }

  /** Reads the class file's constant pool: every string literal the class uses. */
  /** A command or line name ({@code AT+ECMTPUB}, {@code +ECMTRECV:}) is ECMT[A-Z]...; the enum constant ECMT is not. */
  static ArchCondition<JavaClass> haveNoStringConstantMatching(String regex) {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
    return new ArchCondition<>("have no string constant matching " + regex) {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (String constant : stringConstants(item)) {
          if (pattern.matcher(constant).find()) {
            events.add(SimpleConditionEvent.violated(item, item.getName() + " has \"" + constant + "\""));
          }
        }
      }
    };
  }

  static List<String> stringConstants(JavaClass item) {
    String resource = "/" + item.getName().replace('.', '/') + ".class";
    try (InputStream in = item.reflect().getResourceAsStream(resource.substring(resource.lastIndexOf('/') + 1))) {
      return in == null ? List.of() : ConstantPool.strings(new DataInputStream(in));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  /** Just enough of the class-file format (JVMS §4.4) to list CONSTANT_String values. */
  static final class ConstantPool {
    static List<String> strings(DataInputStream in) throws IOException {
      in.readInt(); // magic
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      List<Integer> stringRefs = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 8 -> stringRefs.add(in.readUnsignedShort());
          case 7, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // 8-byte constants take two slots
          }
          default -> throw new IOException("unknown constant tag " + tag);
        }
      }
      List<String> out = new ArrayList<>();
      for (int ref : stringRefs) {
        out.add(utf8[ref]);
      }
      return out;
    }
  }
}
