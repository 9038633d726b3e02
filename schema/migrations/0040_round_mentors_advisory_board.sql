-- Round mentors linked to the advisory board (issue 15): whether the mentor sat on the advisory
-- board of the round's lab when assigned (`MentorAssigned.advisoryBoardMember`). No event
-- written before this change carries the link, so false is right for every existing row and no
-- rebuild is needed.
ALTER TABLE round_mentors ADD COLUMN advisory_board_member boolean NOT NULL DEFAULT false;

-- A rebuild in progress fills round_mentors__rebuild, a copy made with LIKE ... INCLUDING ALL
-- before this migration: it is altered the same way, or it would swap in without the column.
DO $$
BEGIN
    IF to_regclass('round_mentors__rebuild') IS NOT NULL THEN
        ALTER TABLE round_mentors__rebuild ADD COLUMN advisory_board_member boolean NOT NULL DEFAULT false;
    END IF;
END $$;
