package io.softswitch.core.recording;

import io.softswitch.config.Provisioning;
import io.softswitch.core.call.MediaBridge;
import io.softswitch.core.call.TrunkRecordings;
import io.softswitch.core.store.ProvisioningListener;
import io.softswitch.core.store.Rows;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each trunk's {@code Recording} ({@code trunks.recording_mode}, {@code recording_trim}) read from
 * the store and kept until the next provisioning change (register it as a
 * {@link ProvisioningListener}), so a call costs a map lookup.
 *
 * <p>Threads: {@link #plan} runs on the call's stripe, which may be a SIP worker (see
 * {@code CallEngine}), where a database read must not happen. So every trunk's setting is read in
 * one query when provisioning changes, on the thread that reports the change; a call reads the store
 * itself only for a trunk that query did not see (created since, or the query failed).
 */
public final class StoredTrunkRecordings implements TrunkRecordings, ProvisioningListener {
    private static final Logger LOG = LoggerFactory.getLogger(StoredTrunkRecordings.class);

    private record Setting(RecordingMode mode, boolean trim) {
        static final Setting NONE = new Setting(RecordingMode.DO_NOT_RECORD, false);
    }

    private final Rows rows;
    private final Recordings recordings;
    private volatile Map<String, Setting> byTrunk = new ConcurrentHashMap<>();

    public StoredTrunkRecordings(Rows rows, Recordings recordings) {
        this.rows = rows;
        this.recordings = recordings;
    }

    @Override
    public void provisioningChanged(Provisioning current) {
        Map<String, Setting> fresh = new ConcurrentHashMap<>();
        try {
            for (Map<String, Object> t : rows.select("SELECT sid, recording_mode, recording_trim FROM trunks")) {
                fresh.put((String) t.get("sid"), new Setting(RecordingMode.of((String) t.get("recording_mode")),
                        "trim-silence".equals(t.get("recording_trim"))));
            }
        } catch (RuntimeException e) {
            LOG.warn("trunk recording modes unreadable, each is read at its trunk's next call: {}", e.toString());
            fresh.clear();
        }
        byTrunk = fresh;
    }

    private Setting load(String trunk) {
        try {
            return rows.find("trunks", "sid = ?", trunk)
                    .map(t -> new Setting(RecordingMode.of((String) t.get("recording_mode")),
                            "trim-silence".equals(t.get("recording_trim"))))
                    .orElse(Setting.NONE);
        } catch (RuntimeException e) {
            LOG.warn("trunk {}: recording mode unreadable, call not recorded: {}", trunk, e.toString());
            return null; // not cached: asked again at the next call
        }
    }

    @Override
    public Plan plan(String callSid, String accountSid, String trunk) {
        if (trunk == null || accountSid == null) {
            return Plan.NONE;
        }
        Setting s = byTrunk.get(trunk);
        if (s == null) {
            s = load(trunk);
            if (s == null) {
                return Plan.NONE;
            }
            byTrunk.put(trunk, s);
        }
        if (!s.mode().records()) {
            return Plan.NONE;
        }
        Setting setting = s;
        return new Plan() {
            @Override
            public Start start() {
                return setting.mode().fromRinging() ? Start.RINGING : Start.ANSWER;
            }

            @Override
            public void begin(MediaBridge.Session media) {
                recordings.recordRelayed(accountSid, callSid, RecordingSource.TRUNKING, media, setting.mode().dual(),
                        setting.trim());
            }
        };
    }
}
