import type { Database } from '../../db/database.ts';
import { writeAudit } from '../../db/repos/audit.ts';
import { countPeople, insertPerson, rolesOfLineUsers } from '../../db/repos/people.ts';
import { firstSchool } from '../../db/repos/schools.ts';
import { ROLE_LABELS, richMenuFamilyOf, roleNeedsSchool, type Role } from '../../domain/roles.ts';
import type { Logger } from '../../logger.ts';

/**
 * Demo people: so that "trying it as a user would" takes no invitations, a fresh `npm start` (embedded database,
 * local LINE platform) brings one registered person per role, each a simulated LINE user the chat simulator
 * lists with their role. They are made only when the office has never had anyone, only on the embedded database
 * and only with the local platform (no LINE credentials): never on a PostgreSQL server, never on real LINE.
 */

export interface DemoPerson {
  /** Fixed, so a start interrupted half-way finds the same LINE users again instead of making more. */
  lineUserId: string;
  /** What LINE shows (the simulator's user list): says it is a demo person. */
  displayName: string;
  fullName: string;
  role: Role;
  /** Invented, never a real number (080-000-00xx). */
  phone: string;
}

/** In the order a person trying the service meets them: the teacher first, the admin last. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { lineUserId: 'U00000000000000000000000000de0001', displayName: 'ครูสมศรี (ตัวอย่าง)', fullName: 'สมศรี ใจดี', role: 'teacher', phone: '0800000001' },
  { lineUserId: 'U00000000000000000000000000de0002', displayName: 'ผอ.โรงเรียนประเสริฐ (ตัวอย่าง)', fullName: 'ประเสริฐ รักเรียน', role: 'school_director', phone: '0800000002' },
  { lineUserId: 'U00000000000000000000000000de0003', displayName: 'ช่างวิทยา (ตัวอย่าง)', fullName: 'วิทยา ช่างซ่อม', role: 'technician', phone: '0800000003' },
  { lineUserId: 'U00000000000000000000000000de0004', displayName: 'ผอ.กลุ่ม ICT มานพ (ตัวอย่าง)', fullName: 'มานพ ตั้งใจ', role: 'group_director', phone: '0800000004' },
  { lineUserId: 'U00000000000000000000000000de0005', displayName: 'ผอ.สพป.วิไลวรรณ (ตัวอย่าง)', fullName: 'วิไลวรรณ ศรีสุข', role: 'area_director', phone: '0800000005' },
  { lineUserId: 'U00000000000000000000000000de0006', displayName: 'ธุรการกาญจนา (ตัวอย่าง)', fullName: 'กาญจนา มีระเบียบ', role: 'saraban_clerk', phone: '0800000006' },
  { lineUserId: 'U00000000000000000000000000de0007', displayName: 'แอดมินธนพล (ตัวอย่าง)', fullName: 'ธนพล ดูแลระบบ', role: 'admin', phone: '0800000007' },
];

/** The local LINE platform's side: a simulated user with a given id (see Emulator.ensureUser). */
export interface SimulatedLineUsers {
  ensureUser(user: { userId: string; displayName: string; channelId: string }): boolean;
}

export interface DemoPeopleOptions {
  database: Database;
  officeId: string;
  channelId: string;
  /** The local LINE platform; absent with LINE credentials, when nothing is made. */
  line: SimulatedLineUsers | undefined;
  logger: Logger;
  now: Date;
}

/**
 * Makes the demo people when the office has never had anyone: their simulated LINE users first (idempotent by
 * their fixed ids), then the people, registered and active as registration would leave them (consent given, a
 * phone number, the rich menu family of their role), in one transaction with an audit row each. Returns how
 * many people were made. Call after the demo schools are loaded (the teacher and the school director need a
 * school) and before the rich menus are set up, which then links each to their role's menu.
 */
export async function createDemoPeopleIfOfficeEmpty(options: DemoPeopleOptions): Promise<number> {
  const { database, officeId, channelId, line, logger, now } = options;
  if (database.kind !== 'embedded' || !line) return 0;
  if ((await countPeople(database.db, officeId)) > 0) return 0;
  const school = await firstSchool(database.db, officeId);
  // Without a school (the demo file missing) the school's roles cannot exist; the others still can.
  const wanted = DEMO_PEOPLE.filter((person) => school || !roleNeedsSchool(person.role));
  for (const person of wanted) line.ensureUser({ userId: person.lineUserId, displayName: person.displayName, channelId });
  const made = await database.db.transaction(async (tx) => {
    // Checked again inside: nobody registered between the first look and now.
    if ((await countPeople(tx, officeId)) > 0) return 0;
    for (const person of wanted) {
      const id = await insertPerson(
        tx,
        {
          officeId,
          channelId,
          lineUserId: person.lineUserId,
          fullName: person.fullName,
          phone: person.phone,
          role: person.role,
          schoolId: roleNeedsSchool(person.role) ? school!.id : null,
          consentAt: now,
          richMenuFamily: richMenuFamilyOf(person.role),
        },
        now,
      );
      await writeAudit(tx, {
        officeId,
        actorId: null,
        action: 'demo_person_created',
        subjectType: 'person',
        subjectId: String(id),
        details: { role: person.role, schoolId: roleNeedsSchool(person.role) ? school!.id : null },
        at: now,
      });
    }
    return wanted.length;
  });
  if (made > 0) {
    logger.info({ people: made, school: school?.name ?? null }, 'demo people created in the empty office (one per role; see the chat simulator)');
    if (!school) logger.warn('no school in the directory: the demo teacher and school director were not created');
  }
  return made;
}

/**
 * The role labels of these LINE users for the chat simulator's user list (demo people and anyone registered
 * in chat alike), read at each listing so a role change shows at once.
 */
export async function roleLabelsOfLineUsers(database: Database, lineUserIds: string[]): Promise<ReadonlyMap<string, string>> {
  const rows = await rolesOfLineUsers(database.db, lineUserIds);
  return new Map(rows.map((row) => [row.lineUserId, ROLE_LABELS[row.role]]));
}
