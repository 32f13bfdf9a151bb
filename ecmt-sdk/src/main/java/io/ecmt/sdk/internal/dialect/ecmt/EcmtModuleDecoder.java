package io.ecmt.sdk.internal.dialect.ecmt;

import io.ecmt.sdk.internal.dialect.ModuleDecoder;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import java.util.function.Consumer;

/** ECMT lines to events: {@link EcmtDecoder} per line, {@link UrcAssembler} for raw payloads. */
final class EcmtModuleDecoder implements ModuleDecoder {
  private final UrcAssembler assembler;

  EcmtModuleDecoder(Consumer<ModuleEvent> sink) {
    this.assembler = new UrcAssembler(urc -> sink.accept(EcmtEvents.toEvent(urc)));
  }

  @Override
  public void onLine(String line) {
    assembler.onLine(line, false);
  }

  @Override
  public void onNestedHeader(String line) {
    assembler.onLine(line, true);
  }

  @Override
  public void onPayloadLine(String line, String separator) {
    assembler.onContinuation(line, separator);
  }

  @Override
  public void onTentativeLine(String line, String separator) {
    assembler.onTentative(line, separator);
  }

  @Override
  public void resolveTentative(boolean genuine) {
    assembler.resolveTentative(genuine);
  }

  @Override
  public boolean looksLikeModuleLine(String line) {
    return UrcAssembler.startsKnownLine(line);
  }

  @Override
  public void endPayload() {
    assembler.flush();
  }

  @Override
  public ModuleEvent peek(String line) {
    return EcmtEvents.toEvent(EcmtDecoder.decode(line));
  }

  @Override
  public ModuleEvent peekAnswer(String line) {
    return EcmtEvents.toEvent(EcmtDecoder.decodeRead(line));
  }
}
