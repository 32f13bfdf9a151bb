package io.ecmt.sdk.internal.session;

import io.ecmt.sdk.ClientState;
import io.ecmt.sdk.ClientStateChange;
import io.ecmt.sdk.ArgumentChecks;
import io.ecmt.sdk.internal.codec.TopicFilter;
import io.ecmt.sdk.message.IncomingMessage;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.processors.BehaviorProcessor;
import io.reactivex.rxjava3.processors.PublishProcessor;

/** A client's hot streams: incoming messages and state changes, delivered on the callback scheduler. */
final class ClientStreams {
  private final ClientContext modem;
  private final BehaviorProcessor<ClientStateChange> states;
  private final PublishProcessor<IncomingMessage> messages = PublishProcessor.create();

  ClientStreams(ClientContext modem, int id) {
    this.modem = modem;
    this.states = BehaviorProcessor.createDefault(
        new ClientStateChange(id, ClientState.CLOSED, ClientState.CLOSED, "initial", 0));
  }

  void message(IncomingMessage message) {
    messages.onNext(message);
  }

  void stateChanged(ClientStateChange change) {
    states.onNext(change);
    modem.stateChanged(change);
  }

  /** Messages matching {@code filter} (all when null), buffered per subscriber up to the configured size. */
  Flowable<IncomingMessage> messages(String filter) {
    if (filter != null) {
      ArgumentChecks.topicFilter(filter, modem.config().profile());
    }
    Flowable<IncomingMessage> source = filter == null
        ? messages : messages.filter(m -> TopicFilter.matches(filter, m.topic()));
    return source
        .onBackpressureBuffer(modem.config().messageBufferSize(), null, BackpressureOverflowStrategy.DROP_OLDEST,
            m -> modem.events().messageDropped(m))
        .observeOn(modem.callbacks());
  }

  Flowable<ClientStateChange> states() {
    return states.onBackpressureBuffer().observeOn(modem.callbacks());
  }

  void complete() {
    messages.onComplete();
    states.onComplete();
  }
}
