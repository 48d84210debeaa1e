package netd.hub;

import netd.common.id.PlayerId;

import java.util.ArrayList;
import java.util.List;

/** Which players an answer lists. */
public final class AnswerSelection {
    private AnswerSelection() {
    }

    /**
     * The candidates other than {@code asker}, at most {@code max}. Ask the registry for
     * {@code max + 1} random candidates: the asker may be among them.
     */
    public static List<Registration> others(List<Registration> candidates, PlayerId asker, int max) {
        List<Registration> others = new ArrayList<>(Math.min(max, candidates.size()));
        for (Registration candidate : candidates) {
            if (others.size() == max) {
                break;
            }
            if (!candidate.key().playerId().equals(asker)) {
                others.add(candidate);
            }
        }
        return others;
    }
}
