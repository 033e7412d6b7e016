import type { CommandEnv } from '../../bot/flow.ts';
import type { Executor } from '../../db/database.ts';
import { addHistory } from '../../db/repos/history.ts';
import { lockConsumable, recordConsumableMove, setDamagedItemGood, setItemPhoto } from '../../db/repos/loan-desk.ts';
import { attachMedia } from '../../db/repos/media.ts';
import { reachableWithRole } from '../../db/repos/recipients.ts';
import { isBelowMinimum, lowStockAfter, MOVE_QUANTITY_MAX } from '../../domain/loans/desk.ts';
import { can } from '../../domain/permissions.ts';
import { assertNever, ForbiddenError, StaleError } from '../../domain/errors.ts';
import { pushOnce } from '../../line/push-once.ts';
import { say } from '../../kit/steps.ts';
import type { DeskCommand } from './commands.ts';
import { executeExtensionCommand } from './execute-extension.ts';
import { executeHandoverCommand } from './execute-handover.ts';
import { deskTexts as D } from './messages.ts';

/**
 * The desk's changes, inside the event's transaction: the consumable is locked, the role and the stock checked
 * again (a step read them before the lock), the stock and the usage log written together. The first hand-out
 * that takes the stock below its minimum tells the other technicians (the one handing out reads it in the
 * reply), once until a restock brings it back.
 */
export async function executeDeskCommand(tx: Executor, command: DeskCommand, env: CommandEnv): Promise<void> {
  switch (command.type) {
    case 'handOutConsumable':
    case 'restockConsumable':
      return executeConsumableCommand(tx, command, env);
    case 'handOver':
    case 'confirmReceipt':
    case 'returnItem':
    case 'reportMissing':
    case 'openRepair':
      return executeHandoverCommand(tx, command, env);
    case 'setItemPhoto': {
      if (!env.person || !can(env.person.role, 'lend_equipment')) throw new ForbiddenError('lend_equipment', command.type);
      if (!(await setItemPhoto(tx, env.officeId, command.itemId, command.mediaId, env.now))) throw new StaleError(`item ${command.itemId} is gone`);
      await attachMedia(tx, env.officeId, [command.mediaId], 'loan_item', command.itemId);
      return addHistory(tx, 'loan_item', command.itemId, { officeId: env.officeId, actorId: env.person.id, action: 'photo_changed', data: { mediaId: command.mediaId }, at: env.now });
    }
    case 'markItemRepaired': {
      if (!env.person || !can(env.person.role, 'lend_equipment')) throw new ForbiddenError('lend_equipment', command.type);
      if (!(await setDamagedItemGood(tx, env.officeId, command.itemId, env.now))) throw new StaleError(`item ${command.itemId} is not damaged`);
      return addHistory(tx, 'loan_item', command.itemId, { officeId: env.officeId, actorId: env.person.id, action: 'repaired', data: {}, at: env.now });
    }
    case 'requestExtension':
    case 'decideExtension':
      return executeExtensionCommand(tx, command, env);
    default:
      assertNever(command);
  }
}

type ConsumableCommand = Extract<DeskCommand, { type: 'handOutConsumable' | 'restockConsumable' }>;

async function executeConsumableCommand(tx: Executor, command: ConsumableCommand, env: CommandEnv): Promise<void> {
  const person = env.person;
  if (!person || !can(person.role, 'lend_equipment')) throw new ForbiddenError('lend_equipment', command.type);
  if (command.quantity < 1 || command.quantity > MOVE_QUANTITY_MAX) throw new StaleError(`quantity ${command.quantity}`);
  const consumable = await lockConsumable(tx, env.officeId, command.consumableId);
  if (!consumable) throw new StaleError(`consumable ${command.consumableId} is gone`);
  switch (command.type) {
    case 'handOutConsumable': {
      // Two technicians handing out the last ones at once: the second finds the stock short and is told the button is stale.
      if (consumable.stock < command.quantity) throw new StaleError(`consumable ${consumable.id}: stock ${consumable.stock} < ${command.quantity}`);
      const stockAfter = consumable.stock - command.quantity;
      const low = lowStockAfter(consumable, stockAfter, env.now);
      const useId = await recordConsumableMove(tx, {
        officeId: env.officeId,
        consumableId: consumable.id,
        kind: 'hand_out',
        quantity: command.quantity,
        stockAfter,
        lowStockAlertedAt: low.alertedAt,
        schoolId: command.schoolId,
        recipientName: command.recipientName,
        purpose: command.purpose,
        byPersonId: person.id,
        at: env.now,
      });
      if (low.tellNow && consumable.minStock !== null) {
        const alert = say(D.lowStockAlert(consumable.name, stockAfter, consumable.minStock, consumable.unit, person.fullName));
        for (const technician of await reachableWithRole(tx, env.officeId, 'technician')) {
          if (technician.id === person.id) continue;
          await pushOnce(tx, { ...technician, officeId: env.officeId }, [alert], `loans:low-stock:${consumable.id}:${useId}:${technician.id}`);
        }
      }
      return;
    }
    case 'restockConsumable': {
      const stockAfter = consumable.stock + command.quantity;
      await recordConsumableMove(tx, {
        officeId: env.officeId,
        consumableId: consumable.id,
        kind: 'restock',
        quantity: command.quantity,
        stockAfter,
        // Back at the minimum or above: the next fall below it is told again.
        lowStockAlertedAt: isBelowMinimum(stockAfter, consumable.minStock) ? consumable.lowStockAlertedAt : null,
        schoolId: null,
        recipientName: null,
        purpose: null,
        byPersonId: person.id,
        at: env.now,
      });
      return;
    }
    default:
      assertNever(command);
  }
}
