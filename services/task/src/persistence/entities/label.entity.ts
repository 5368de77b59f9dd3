import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { AttributeSpec, ShapeType } from "../../domain/label-types.js";

/** A label or, when `parentId` is set, a skeleton's sublabel. */
@Entity({ name: "label" })
export class LabelEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "task_id", type: "uuid" })
  taskId: string;

  @Column({ name: "parent_id", type: "uuid", nullable: true })
  parentId: string | null;

  /** Order among siblings, as the client gave them. */
  @Column({ type: "integer" })
  position: number;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "varchar", length: 16 })
  type: ShapeType;

  @Column({ type: "jsonb", default: () => "'[]'::jsonb" })
  attributes: AttributeSpec[];
}
