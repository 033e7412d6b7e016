-- A room's standing video-conference link (its permanent Zoom/Meet/Webex/Teams room): offered when a session planned
-- there asks for its link, instead of pasting it each time (issue 12: "a link pasted, or a room's standing link").
ALTER TABLE "rooms" ADD COLUMN "standing_link" text;
