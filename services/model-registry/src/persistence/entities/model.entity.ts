import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import type { HubModelSpec, ModelArtifact, ModelLabel, NuclioFunctionSpec, OnnxDetectorSpec, StoredSecret } from "../../domain/model.js";

/** One row per model (`model_registry.model`); the GraphQL type is a separate class. */
@Entity({ name: "model" })
export class ModelEntity {
  @PrimaryColumn("text")
  id: string;

  @Column("text")
  name: string;

  @Column("text")
  description: string;

  @Column("text")
  source: string;

  @Column("text")
  kind: string;

  @Column("jsonb")
  labels: ModelLabel[];

  @Column("double precision", { name: "default_threshold" })
  defaultThreshold: number;

  @Column("boolean", { name: "returns_masks" })
  returnsMasks: boolean;

  @Column("integer", { name: "input_width", nullable: true })
  inputWidth: number | null;

  @Column("integer", { name: "input_height", nullable: true })
  inputHeight: number | null;

  @Column("text", { nullable: true })
  preprocessing: string | null;

  @Column("text")
  runtime: string;

  /** [{name, sha256, sizeBytes}]; GIN-indexed so the last reference to some bytes is found quickly. */
  @Column("jsonb")
  artifacts: ModelArtifact[];

  @Column("jsonb", { name: "onnx_detector", nullable: true })
  onnxDetector: OnnxDetectorSpec | null;

  @Column("text", { name: "tenant_id" })
  tenantId: string;

  @Column("jsonb", { nullable: true })
  hub: HubModelSpec | null;

  /** Sealed with the key ring (keyId, nonce, ciphertext in base64); never plaintext. */
  @Column("jsonb", { nullable: true })
  credential: StoredSecret | null;

  /** How workers reach a Nuclio function (source NUCLIO, runtime "nuclio"). */
  @Column("jsonb", { nullable: true })
  nuclio: NuclioFunctionSpec | null;

  /** Why no job can run it; null when one can. */
  @Column("text", { name: "unsupported_reason", nullable: true })
  unsupportedReason: string | null;

  /** A catalog model's licence as documented; null for the others. */
  @Column("text", { nullable: true })
  license: string | null;

  /** A catalog model's measured ms per frame (docs/models/README.md); null for the others. */
  @Column("double precision", { name: "measured_ms_per_frame", nullable: true })
  measuredMsPerFrame: number | null;

  /** Every tenant reads it, none writes it: the catalog and discovered Nuclio functions (default tenant's rows). */
  @Column("boolean")
  shared: boolean;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  /**
   * Set by deleteModel: the row stays as a tombstone so jobs still name the model. TypeORM's find methods skip
   * tombstones unless asked (`withDeleted`); raw SQL here filters them itself.
   */
  @DeleteDateColumn({ name: "deleted_at", type: "timestamptz" })
  deletedAt: Date | null;
}
