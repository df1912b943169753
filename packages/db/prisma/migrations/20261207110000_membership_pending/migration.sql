-- Issue 17 item 2: a membership that a clinic creates waits for the person to accept it. The new
-- enum value is added on its own (a value added in a transaction cannot be used in the same one).
ALTER TYPE membership_status ADD VALUE IF NOT EXISTS 'pending' BEFORE 'active';
