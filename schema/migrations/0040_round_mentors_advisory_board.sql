-- Round mentors linked to the advisory board (issue 15): whether the mentor sat on the advisory
-- board of the round's lab when assigned (`MentorAssigned.advisoryBoardMember`). No event
-- written before this change carries the link, so NULL (an outside mentor) is right for every
-- existing row and no rebuild is needed.
--
-- Nullable, without a default the projection relies on: workers insert rows with
-- jsonb_populate_recordset, where a key an older binary does not write arrives as an explicit
-- NULL, and during a rolling upgrade older workers still run after this migration. Only a
-- board member's row holds true.
ALTER TABLE round_mentors ADD COLUMN advisory_board_member boolean;

-- A rebuild in progress fills round_mentors__rebuild, a copy made with LIKE ... INCLUDING ALL
-- before this migration: it is altered the same way, or it would swap in without the column.
DO $$
BEGIN
    IF to_regclass('round_mentors__rebuild') IS NOT NULL THEN
        ALTER TABLE round_mentors__rebuild ADD COLUMN advisory_board_member boolean;
    END IF;
END $$;
